import { useMutation, useQueryClient } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { LINK_LANDINGS, type LinkLanding, type TrackedLink } from './link-api.ts';
import './links.texts.ts';

/**
 * Where a link leads, and for managers the switch (`PATCH /links/:id`): straight to the shop or
 * to its deal page. The link's URL changes with it; what was already shared keeps working.
 */
export function LandingSwitch({ link, canChange }: { link: TrackedLink; canChange: boolean }) {
  const { t } = useTexts('links');
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (landing: LinkLanding) => admin.patch<TrackedLink>(`/links/${link.id}`, { landing }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['links'] }); },
  });
  if (!canChange) return <>{t(`landing.${link.landing}`)}</>;
  return (
    <span className="links-cell">
      <select aria-label={t('landing.change', { code: link.code })} value={change.variables ?? link.landing} disabled={change.isPending}
        onChange={(event) => change.mutate(event.target.value as LinkLanding)}>
        {LINK_LANDINGS.map((landing) => <option key={landing} value={landing}>{t(`landing.${landing}`)}</option>)}
      </select>
      {change.isError && <span role="alert" className="error small">{t('landing.failed')}</span>}
    </span>
  );
}
