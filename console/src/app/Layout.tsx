import { useState, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useAdmin, useSession } from '../http/session.tsx';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage, useTexts, type Language } from '../i18n/i18n.ts';
import { PAGES } from './pages.ts';

/** The frame of every signed-in page: the menu of what this role may open, language, sign-out. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTexts('common');
  const admin = useAdmin();
  const { signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const entries = PAGES.filter((page) => page.nav && page.roles.includes(admin.role));
  return (
    <div className={`shell ${menuOpen ? 'menu-open' : ''}`}>
      <header className="topbar">
        <button type="button" className="btn btn-ghost menu-button" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((open) => !open)}>☰ {t('nav.menu')}</button>
        <span className="brand-mark">dealcast</span>
        <span className="who" title={admin.email}>{admin.email} · {admin.role}</span>
        <label className="lang">
          <span className="sr-only">{t('nav.language')}</span>
          <select aria-label={t('nav.language')} value={currentLanguage()} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((language) => <option key={language} value={language}>{LANGUAGE_NAMES[language]}</option>)}
          </select>
        </label>
        <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>{t('nav.signOut')}</button>
      </header>
      <nav id="main-nav" className="sidebar" aria-label={t('nav.menu')} onClick={() => setMenuOpen(false)}>
        {entries.map((page) => (
          <NavLink key={page.path} to={`/${page.path}`} className={({ isActive }) => `nav-link ${isActive ? 'active' : ''}`}>{t(page.nav!)}</NavLink>
        ))}
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
