import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../http/session.tsx';

/**
 * Every page of the console: its address under /console/, who sees it in the menu (the server
 * enforces access on every call regardless), and its code, loaded on first visit so the
 * dashboard does not carry the other pages.
 */
export interface PageEntry {
  path: string;
  /** common: key of its menu label; none: reachable by link only. */
  nav?: string;
  roles: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

const STAFF: Role[] = ['admin', 'manager', 'support'];
const MANAGERS: Role[] = ['admin', 'manager'];
const EVERYONE: Role[] = ['admin', 'manager', 'support', 'vendor'];

export const PAGES: PageEntry[] = [
  { path: 'dashboard', nav: 'nav.dashboard', roles: STAFF, component: lazy(() => import('../pages/dashboard/DashboardPage.tsx')) },
  { path: 'results', nav: 'nav.vendorHome', roles: ['vendor'], component: lazy(() => import('../pages/vendor-portal/ResultsPage.tsx')) },
  { path: 'support', nav: 'nav.support', roles: STAFF, component: lazy(() => import('../pages/support/SupportPage.tsx')) },
  { path: 'vendors', nav: 'nav.vendors', roles: STAFF, component: lazy(() => import('../pages/vendors/VendorsPage.tsx')) },
  { path: 'brands', nav: 'nav.brands', roles: EVERYONE, component: lazy(() => import('../pages/brands/BrandsPage.tsx')) },
  { path: 'products', nav: 'nav.products', roles: EVERYONE, component: lazy(() => import('../pages/products/ProductsPage.tsx')) },
  { path: 'influencers', nav: 'nav.influencers', roles: STAFF, component: lazy(() => import('../pages/influencers/InfluencersPage.tsx')) },
  { path: 'influencers/:id', roles: STAFF, component: lazy(() => import('../pages/influencers/InfluencerPage.tsx')) },
  { path: 'links', nav: 'nav.links', roles: EVERYONE, component: lazy(() => import('../pages/links/LinksPage.tsx')) },
  { path: 'campaigns', nav: 'nav.campaigns', roles: EVERYONE, component: lazy(() => import('../pages/campaigns/CampaignsPage.tsx')) },
  { path: 'conversions', nav: 'nav.conversions', roles: EVERYONE, component: lazy(() => import('../pages/conversions/ConversionsPage.tsx')) },
  { path: 'payouts', nav: 'nav.payouts', roles: STAFF, component: lazy(() => import('../pages/payouts/PayoutsPage.tsx')) },
  { path: 'tiers', nav: 'nav.tiers', roles: STAFF, component: lazy(() => import('../pages/tiers/TiersPage.tsx')) },
  { path: 'fx-rates', nav: 'nav.fxRates', roles: STAFF, component: lazy(() => import('../pages/fx-rates/FxRatesPage.tsx')) },
  { path: 'audit', nav: 'nav.audit', roles: STAFF, component: lazy(() => import('../pages/audit/AuditPage.tsx')) },
  { path: 'playground', nav: 'nav.playground', roles: MANAGERS, component: lazy(() => import('../pages/playground/PlaygroundPage.tsx')) },
  { path: 'whatsapp', nav: 'nav.whatsapp', roles: MANAGERS, component: lazy(() => import('../pages/whatsapp/WhatsappPage.tsx')) },
  { path: 'queues', nav: 'nav.queues', roles: ['admin'], component: lazy(() => import('../pages/queues/QueuesPage.tsx')) },
  { path: 'integration', nav: 'nav.integration', roles: ['vendor', 'admin', 'manager'], component: lazy(() => import('../pages/vendor-portal/IntegrationPage.tsx')) },
  { path: 'account', nav: 'nav.account', roles: EVERYONE, component: lazy(() => import('../pages/account/AccountPage.tsx')) },
];

/** Where a person lands after sign-in. */
export const homeOf = (role: Role): string => (role === 'vendor' ? 'results' : 'dashboard');
