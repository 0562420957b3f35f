import { useState } from 'react';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, useTexts, type Language } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { personaHandle, type PersonaDraft } from './playground-api.ts';

/** One entry of the picker: a registered persona (from the server) or a draft of this browser. */
export interface PickerEntry {
  persona: string;
  name: string;
  language: string;
  status: 'active' | 'suspended' | 'deleted' | 'draft';
}

const COUNTRIES = ['FR', 'ES', 'PL', 'RU', 'DE', 'IT', 'GB', 'BE', 'CH', 'PT', 'CZ', 'UA', 'US'];
const HOME_COUNTRY: Record<Language, string> = { en: 'GB', ru: 'RU', fr: 'FR', es: 'ES', pl: 'PL' };

/** Which test influencer to chat as, and the form that makes a new one. */
export function PersonaPicker({ entries, selected, onSelect, onCreate }: {
  entries: PickerEntry[];
  selected: string | undefined;
  onSelect: (persona: string) => void;
  onCreate: (draft: PersonaDraft, autoRegister: boolean) => void;
}) {
  const { t } = useTexts('playground');
  const [creating, setCreating] = useState(false);
  return (
    <div className="card playground-personas">
      <div className="playground-persona-bar">
        {entries.length > 0 && (
          <label className="field playground-persona-select">
            <span className="field-label">{t('persona.label')}</span>
            <select value={selected ?? ''} onChange={(e) => onSelect(e.target.value)}>
              {entries.map((entry) => (
                <option key={entry.persona} value={entry.persona}>
                  {entry.status === 'draft'
                    ? t('persona.draft', { name: entry.name })
                    : t('persona.option', { name: entry.name, language: entry.language, status: t(`status.${entry.status}`) })}
                </option>
              ))}
            </select>
          </label>
        )}
        {!creating && <button type="button" className="btn" onClick={() => setCreating(true)}>+ {t('persona.new')}</button>}
      </div>
      {creating && (
        <NewPersonaForm
          onCancel={() => setCreating(false)}
          onCreate={(draft, autoRegister) => { setCreating(false); onCreate(draft, autoRegister); }}
        />
      )}
    </div>
  );
}

function NewPersonaForm({ onCreate, onCancel }: { onCreate: (draft: PersonaDraft, autoRegister: boolean) => void; onCancel: () => void }) {
  const { t } = useTexts('playground');
  const uiLanguage = currentLanguage();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<Language>(uiLanguage);
  const [country, setCountry] = useState(HOME_COUNTRY[uiLanguage]);
  const [autoRegister, setAutoRegister] = useState(true);
  const regions = new Intl.DisplayNames([uiLanguage], { type: 'region' });
  return (
    <form className="form playground-new" aria-label={t('persona.new')} onSubmit={(event) => {
      event.preventDefault();
      const trimmed = name.trim();
      if (trimmed === '') return;
      onCreate({ persona: personaHandle(trimmed), name: trimmed, language, country }, autoRegister);
    }}>
      <h2>{t('persona.new')}</h2>
      <div className="form-row">
        <Field label={t('form.name')}>
          <input required maxLength={64} value={name} autoFocus onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('form.language')}>
          <select value={language} onChange={(e) => { const next = e.target.value as Language; setLanguage(next); setCountry(HOME_COUNTRY[next]); }}>
            {LANGUAGES.map((l) => <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>)}
          </select>
        </Field>
        <Field label={t('form.country')}>
          <select value={country} onChange={(e) => setCountry(e.target.value)}>
            {COUNTRIES.map((code) => <option key={code} value={code}>{regions.of(code) ?? code}</option>)}
          </select>
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={autoRegister} onChange={(e) => setAutoRegister(e.target.checked)} />
        {t('form.autoRegister')}
      </label>
      <p className="muted small">{t('form.hint')}</p>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary">{t('common:action.create')}</button>
      </div>
    </form>
  );
}
