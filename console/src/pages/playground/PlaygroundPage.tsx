import { useCallback, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { PageHeader } from '../../ui/controls.tsx';
import { Empty, ErrorState } from '../../ui/States.tsx';
import { ChatWindow, queueScript } from './ChatWindow.tsx';
import { PersonaPicker, type PickerEntry } from './PersonaPicker.tsx';
import type { ChatView } from './ReplyBubble.tsx';
import { listPersonas, loadDrafts, saveDrafts, type Persona, type PersonaDraft } from './playground-api.ts';
import './playground.texts.ts';

/**
 * The bot playground: the real command engine, answered as one of this admin's test
 * influencers, shown as Telegram or WhatsApp would show it. The persona and the view live in
 * the URL (?persona=…&view=whatsapp), so a conversation's setting can be shared and reloaded.
 */
export default function PlaygroundPage() {
  const { t } = useTexts('playground');
  const me = useAdmin();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view: ChatView = params.get('view') === 'whatsapp' ? 'whatsapp' : 'telegram';
  const personas = useQuery({ queryKey: ['playground', 'personas', me.id], queryFn: ({ signal }) => listPersonas(signal) });
  const [drafts, setDrafts] = useState<PersonaDraft[]>(() => loadDrafts(me.id));

  const registered = useMemo(() => personas.data?.items ?? [], [personas.data]);
  const entries: PickerEntry[] = useMemo(() => [
    ...drafts.filter((d) => !registered.some((p) => p.persona === d.persona)).map((d) => ({ persona: d.persona, name: d.name, language: d.language, status: 'draft' as const })),
    ...registered.map((p) => ({ persona: p.persona, name: p.name, language: p.language, status: p.status })),
  ], [drafts, registered]);
  const selected = entries.find((e) => e.persona === params.get('persona')) ?? entries[0];

  const setParam = (key: string, value: string) => setParams((current) => {
    const next = new URLSearchParams(current);
    next.set(key, value);
    return next;
  }, { replace: true });

  const create = (draft: PersonaDraft, autoRegister: boolean) => {
    const next = [draft, ...drafts];
    setDrafts(next);
    saveDrafts(me.id, next);
    if (autoRegister) queueScript(`${me.id}:${draft.persona}`, ['/start', draft.name, draft.country, '/accept']);
    setParam('persona', draft.persona);
  };

  const onPersona = useCallback((persona: Persona | null) => {
    if (!persona) return;
    const known = personas.data?.items.find((p) => p.persona === persona.persona);
    if (known && known.status === persona.status && known.name === persona.name && known.language === persona.language) return;
    queryClient.setQueryData<{ items: Persona[] }>(['playground', 'personas', me.id], (data) => ({
      items: [persona, ...(data?.items ?? []).filter((p) => p.persona !== persona.persona)],
    }));
    setDrafts((all) => {
      const left = all.filter((d) => d.persona !== persona.persona);
      saveDrafts(me.id, left);
      return left;
    });
  }, [personas.data, queryClient, me.id]);

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={(
          <div className="segmented" role="group" aria-label={t('view.label')}>
            {(['telegram', 'whatsapp'] as const).map((v) => (
              <button key={v} type="button" className={`chip ${view === v ? 'chip-active' : ''}`} aria-pressed={view === v} onClick={() => setParam('view', v)}>
                {v === 'telegram' ? 'Telegram' : 'WhatsApp'}
              </button>
            ))}
          </div>
        )}
      />
      {personas.error && <ErrorState error={personas.error} retry={() => void personas.refetch()} />}
      <PersonaPicker entries={entries} selected={selected?.persona} onSelect={(persona) => setParam('persona', persona)} onCreate={create} />
      {selected ? (
        <ChatWindow
          key={selected.persona}
          chatKey={`${me.id}:${selected.persona}`}
          persona={{ persona: selected.persona, name: selected.name, language: selected.language, registered: selected.status !== 'draft' }}
          view={view}
          onPersona={onPersona}
        />
      ) : !personas.isLoading && <Empty>{t('chat.pickPersona')}</Empty>}
    </>
  );
}
