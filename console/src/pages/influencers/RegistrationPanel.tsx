import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge } from '../../ui/controls.tsx';
import { MutationError } from '../../ui/States.tsx';
import './influencers.texts.ts';

interface RegistrationSetting { approval: 'automatic' | 'required'; pending: number }

/** Whether chat registrations wait for approval, how many wait, and (for managers) the switch. */
export function RegistrationPanel({ onShowPending }: { onShowPending: () => void }) {
  const { t } = useTexts('influencers');
  const me = useAdmin();
  const queryClient = useQueryClient();
  const setting = useQuery({ queryKey: ['influencers', 'registration'], queryFn: ({ signal }) => admin.get<RegistrationSetting>('/influencer-registration', {}, signal) });
  const change = useMutation({
    mutationFn: (approval: RegistrationSetting['approval']) => admin.put<RegistrationSetting>('/influencer-registration', { approval }),
    onSuccess: (data) => queryClient.setQueryData(['influencers', 'registration'], data),
  });
  if (!setting.data) return null;
  const { approval, pending } = setting.data;
  return (
    <section className="card people-registration" aria-label={approval === 'required' ? t('reg.required') : t('reg.automatic')}>
      <p>{approval === 'required' ? t('reg.required') : t('reg.automatic')}</p>
      {pending > 0 && (
        <button type="button" className="btn btn-small btn-ghost" onClick={onShowPending}>
          <Badge tone="warn">{t('reg.pending', { count: pending })}</Badge> {t('reg.showPending')}
        </button>
      )}
      {MANAGERS.includes(me.role) && (
        <button type="button" className="btn btn-small" disabled={change.isPending}
          onClick={() => change.mutate(approval === 'required' ? 'automatic' : 'required')}>
          {approval === 'required' ? t('reg.automate') : t('reg.require')}
        </button>
      )}
      <MutationError error={change.error} />
    </section>
  );
}
