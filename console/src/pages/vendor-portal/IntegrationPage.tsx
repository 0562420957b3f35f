import { useQuery } from '@tanstack/react-query';
import { admin, type Page } from '../../http/client.ts';
import { useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { Field, PageHeader } from '../../ui/controls.tsx';
import { Empty, ErrorState, Loading } from '../../ui/States.tsx';
import { useUrlFilters } from '../../ui/url-state.ts';
import { useVendors } from '../brands/catalog.ts';
import { PostbackGuide } from './integration-guide.tsx';
import { KeyCard } from './integration-key.tsx';
import type { Integration } from './integration-snippets.ts';
import { TestOrderForm } from './integration-test-order.tsx';
import './integration.texts.ts';

const FILTER_KEYS = ['vendor'] as const;

/**
 * The vendor's integration: its API key and secret rotation, the signed-postback guide, and a
 * test order through the real conversion route. A vendor account sees its own vendor; admins
 * and managers pick one (kept in the URL as ?vendor=).
 */
export default function IntegrationPage() {
  const { t } = useTexts('integration');
  const me = useAdmin();
  const [filters, setFilters] = useUrlFilters(FILTER_KEYS);
  const isVendor = me.role === 'vendor';
  const vendorId = isVendor ? me.vendorId ?? undefined : filters.vendor;

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {!isVendor && <VendorPicker value={filters.vendor} onChange={(vendor) => setFilters({ vendor })} />}
      {vendorId ? <VendorIntegration vendorId={vendorId} /> : isVendor ? null : <Empty>{t('vendor.choose')}</Empty>}
    </>
  );
}

function VendorPicker({ value, onChange }: { value: string | undefined; onChange: (vendor: string | undefined) => void }) {
  const { t } = useTexts('integration');
  const vendors = useVendors();
  if (vendors.isPending) return <Loading />;
  if (vendors.isError) return <ErrorState error={vendors.error} retry={() => void vendors.refetch()} />;
  if (vendors.data.length === 0) return <Empty>{t('vendor.none')}</Empty>;
  return (
    <div className="filter-bar">
      <Field label={t('vendor.label')}>
        <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">—</option>
          {vendors.data.map((vendor) => <option key={vendor.id} value={vendor.id}>{vendor.name}</option>)}
        </select>
      </Field>
    </div>
  );
}

function VendorIntegration({ vendorId }: { vendorId: string }) {
  const integration = useQuery({
    queryKey: ['integration', vendorId],
    queryFn: ({ signal }) => admin.get<Integration>(`/vendors/${vendorId}/integration`, {}, signal),
  });
  // A real brand slug makes the catalog example work as pasted.
  const brands = useQuery({
    queryKey: ['brands', 'integration', vendorId],
    queryFn: ({ signal }) => admin.get<Page<{ slug: string }>>('/brands', { vendorId, limit: 1 }, signal),
  });
  if (integration.isPending) return <Loading />;
  if (integration.isError) return <ErrorState error={integration.error} retry={() => void integration.refetch()} />;
  return (
    <div className="integration">
      <KeyCard integration={integration.data} />
      <PostbackGuide integration={integration.data} brandSlug={brands.data?.items[0]?.slug} />
      <TestOrderForm vendorId={vendorId} />
    </div>
  );
}
