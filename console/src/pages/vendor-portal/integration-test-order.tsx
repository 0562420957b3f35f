import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { formatDateTime, formatMoney, parseMoney } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';
import './integration.texts.ts';

/** What POST /admin/vendors/:id/test-order answers: the signed request as sent and the conversion route's answer. */
interface TestOrderResult {
  orderId: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  response: { status: number; body: unknown };
}

interface ConversionAnswer {
  conversionId?: string;
  attributed?: boolean;
  attributionReason?: string | null;
  commission?: { amount: number; currency: string; approvesAt: string } | null;
  error?: { code: string; message: string };
}

const CURRENCIES = ['EUR', 'PLN', 'RUB', 'USD', 'GBP'];

/** The "send a test order" form and what happened: the request with its signature, and the answer in words and in full. */
export function TestOrderForm({ vendorId }: { vendorId: string }) {
  const { t } = useTexts('integration');
  const [amount, setAmount] = useState('19.99');
  const [currency, setCurrency] = useState('EUR');
  const [clickId, setClickId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (body: { amount: number; currency: string; clickId?: string }) => admin.post<TestOrderResult>(`/vendors/${vendorId}/test-order`, body),
  });

  return (
    <section className="card integration-test" aria-labelledby="integration-test-title">
      <h2 id="integration-test-title">{t('test.title')}</h2>
      <p className="muted small">{t('test.intro')}</p>
      <p className="muted small">{t('test.attributionHint')}</p>
      <form className="form" onSubmit={(event) => {
        event.preventDefault();
        const minor = parseMoney(amount, currency);
        if (minor === null || minor < 1) { setProblem(t('test.badAmount')); return; }
        setProblem(null);
        send.mutate({ amount: minor, currency, ...(clickId.trim() ? { clickId: clickId.trim() } : {}) });
      }}>
        <div className="form-row">
          <Field label={t('test.amount')}>
            <input name="amount" inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Field>
          <Field label={t('test.currency')}>
            <select name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {CURRENCIES.map((code) => <option key={code} value={code}>{code}</option>)}
            </select>
          </Field>
        </div>
        <Field label={t('test.clickId')} hint={t('test.clickHint')}>
          <input name="clickId" value={clickId} onChange={(e) => setClickId(e.target.value)} spellCheck={false} autoComplete="off" />
        </Field>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <MutationError error={send.error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={send.isPending}>{send.isPending ? t('test.sending') : t('test.send')}</button>
        </div>
      </form>
      {send.data && <TestOrderOutcome result={send.data} />}
    </section>
  );
}

function TestOrderOutcome({ result }: { result: TestOrderResult }) {
  const { t } = useTexts('integration');
  const answer = (result.response.body ?? {}) as ConversionAnswer;
  const ok = result.response.status >= 200 && result.response.status < 300;
  let summary: string;
  if (!ok) summary = t('test.refused', { message: answer.error?.message ?? String(result.response.status) });
  else if (answer.attributed && answer.commission) {
    summary = t('test.attributed', { amount: formatMoney(answer.commission.amount, answer.commission.currency), date: formatDateTime(answer.commission.approvesAt) });
  } else summary = t('test.unattributed', { reason: t(`reason.${answer.attributionReason ?? 'no_click'}`) });
  const headers = Object.entries(result.request.headers).map(([name, value]) => `${name}: ${value}`).join('\n');
  return (
    <div className="integration-outcome" data-testid="test-order-outcome">
      <p className={ok ? 'form-ok' : 'form-error'} role="status"><strong>{summary}</strong></p>
      {answer.attributed && <p className="muted small">{t('test.refund', { orderId: result.orderId })}</p>}
      <h3>{t('test.request')}</h3>
      <pre data-testid="test-order-request"><code>{`${result.request.method} ${result.request.url}\n${headers}\n\n${result.request.body}`}</code></pre>
      <h3>{t('test.response', { status: result.response.status })}</h3>
      <pre data-testid="test-order-response"><code>{JSON.stringify(result.response.body, null, 2)}</code></pre>
    </div>
  );
}
