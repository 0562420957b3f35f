import { useState } from 'react';
import { useTexts } from '../../i18n/i18n.ts';
import { CopyButton } from '../../ui/controls.tsx';
import { curlSnippet, nodeSnippet, snippetBodies, type Integration } from './integration-snippets.ts';
import './integration.texts.ts';

type Language = 'curl' | 'node';

/** The step-by-step postback guide, with code filled with the vendor's key id, URLs and brand. */
export function PostbackGuide({ integration, brandSlug }: { integration: Integration; brandSlug: string | undefined }) {
  const { t } = useTexts('integration');
  const [language, setLanguage] = useState<Language>('curl');
  const bodies = snippetBodies(integration, brandSlug);
  const code = language === 'curl' ? curlSnippet(integration, bodies) : nodeSnippet(integration, bodies);
  const steps = [
    t('guide.step1'),
    t('guide.step2', { seconds: integration.signature.toleranceSeconds }),
    t('guide.step3'),
    t('guide.stepPromo'),
    t('guide.step4', { url: integration.urls.conversions }),
    t('guide.step5', { url: integration.urls.refunds }),
    t('guide.step6', { url: integration.urls.catalog }),
    t('guide.step7'),
  ];
  return (
    <section className="card integration-guide" aria-labelledby="integration-guide-title">
      <h2 id="integration-guide-title">{t('guide.title')}</h2>
      <ol className="integration-steps">
        {steps.map((step, i) => <li key={i}>{step}</li>)}
      </ol>
      <p className="small"><code>{integration.signature.signatureHeader}: {integration.signature.format}</code></p>
      <div className="integration-tabs" role="tablist" aria-label={t('guide.title')}>
        {(['curl', 'node'] as const).map((option) => (
          <button key={option} type="button" role="tab" aria-selected={language === option}
            className={`chip ${language === option ? 'chip-active' : ''}`} onClick={() => setLanguage(option)}>
            {t(option === 'curl' ? 'guide.curl' : 'guide.node')}
          </button>
        ))}
      </div>
      <div className="integration-code" role="tabpanel">
        <div className="integration-code-tools"><CopyButton text={code} /></div>
        <pre data-testid={`snippet-${language}`}><code>{code}</code></pre>
      </div>
      <p className="muted small">{t('guide.snippetHint')}</p>
      <p className="muted small">{t('guide.answers')}</p>
    </section>
  );
}
