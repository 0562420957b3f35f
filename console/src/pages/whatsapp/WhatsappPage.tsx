import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge, PageHeader, type Tone } from '../../ui/controls.tsx';
import { formatDateTime, formatRelative } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './whatsapp.texts.ts';

type State = 'starting' | 'qr' | 'authenticated' | 'ready' | 'disconnected' | 'auth_failure';

interface WhatsAppStatus {
  running: boolean;
  state: State | null;
  since: string | null;
  qr: { text: string; dataUrl: string } | null;
  lastError: string | null;
  lastErrorAt: string | null;
  reconnectAttempt: number;
  nextReconnectAt: string | null;
  phone: string | null;
  updatedAt: string | null;
}

const TONE: Record<State, Tone> = { starting: 'info', qr: 'warn', authenticated: 'info', ready: 'ok', disconnected: 'bad', auth_failure: 'bad' };
/** The bots role rewrites its status well within this; an older one means it stopped reporting. */
const STALE_MS = 90_000;
const REFRESH_MS = 3_000;

/** The WhatsApp connection (GET /whatsapp/status), refreshed every few seconds, with the login QR code to scan. */
export default function WhatsappPage() {
  const { t } = useTexts('whatsapp');
  const status = useQuery({
    queryKey: ['whatsapp', 'status'],
    queryFn: ({ signal }) => admin.get<WhatsAppStatus>('/whatsapp/status', {}, signal),
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {status.isLoading && <Loading />}
      {status.error && <ErrorState error={status.error} retry={() => void status.refetch()} />}
      {status.data && (status.data.running && status.data.state ? <Connection status={status.data} state={status.data.state} /> : <NotRunning />)}
    </>
  );
}

function Connection({ status, state }: { status: WhatsAppStatus; state: State }) {
  const { t } = useTexts('whatsapp');
  const stale = status.updatedAt !== null && Date.now() - new Date(status.updatedAt).getTime() > STALE_MS;
  return (
    <section className="card wa-status" aria-labelledby="wa-state">
      <h2 id="wa-state">{t('state.label')}: <Badge tone={TONE[state]}>{t(`state.${state}`)}</Badge></h2>
      <p>{t(`explain.${state}`)}</p>
      {stale && <p className="form-error" role="alert">{t('stale', { ago: formatRelative(status.updatedAt!) })}</p>}
      {state === 'qr' && status.qr && (
        <div className="wa-qr">
          <img src={status.qr.dataUrl} alt={t('qr.alt')} />
          <div>
            <h3>{t('qr.title')}</h3>
            <ol className="wa-steps">
              <li>{t('qr.step1')}</li>
              <li>{t('qr.step2')}</li>
              <li>{t('qr.step3')}</li>
            </ol>
          </div>
        </div>
      )}
      <dl className="wa-facts">
        <dt>{t('facts.since')}</dt><dd>{formatDateTime(status.since)}{status.since && ` (${formatRelative(status.since)})`}</dd>
        {status.phone && <><dt>{t('facts.phone')}</dt><dd>+{status.phone}</dd></>}
        {status.lastError && <><dt>{t('facts.lastError')}</dt><dd>{status.lastError} <span className="muted small">{formatDateTime(status.lastErrorAt)}</span></dd></>}
        {status.nextReconnectAt && <><dt>{t('facts.reconnect')}</dt><dd>{formatRelative(status.nextReconnectAt)} ({formatDateTime(status.nextReconnectAt)})</dd></>}
        {status.reconnectAttempt > 0 && <><dt>{t('facts.attempts')}</dt><dd>{status.reconnectAttempt}</dd></>}
        <dt>{t('facts.updated')}</dt><dd>{status.updatedAt ? formatRelative(status.updatedAt) : '—'}</dd>
      </dl>
    </section>
  );
}

function NotRunning() {
  const { t } = useTexts('whatsapp');
  return (
    <section className="card wa-status" aria-labelledby="wa-off">
      <h2 id="wa-off">{t('off.title')}</h2>
      <p>{t('off.text')}</p>
      <pre className="wa-code">WHATSAPP_ENABLED=1 npm start{'\n'}WHATSAPP_ENABLED=1 npm run dealcast -- start bots</pre>
      <p className="muted small">{t('off.after')}</p>
    </section>
  );
}
