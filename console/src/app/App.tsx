import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from '../http/client.ts';
import { SessionProvider, useSession } from '../http/session.tsx';
import { useTexts } from '../i18n/i18n.ts';
import { Loading } from '../ui/States.tsx';
import { Layout } from './Layout.tsx';
import { homeOf, PAGES } from './pages.ts';
import { SignInPage } from './SignInPage.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function SignedInRoutes() {
  const { admin } = useSession();
  const { t } = useTexts('common');
  if (admin === undefined) return <Loading />;
  if (admin === null) return <SignInPage />;
  const home = `/${homeOf(admin.role)}`;
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Navigate to={home} replace />} />
          {PAGES.filter((page) => page.roles.includes(admin.role)).map((page) => (
            <Route key={page.path} path={`/${page.path}`} element={<page.component />} />
          ))}
          <Route path="*" element={<div className="state state-error">{t('state.notFound')}</div>} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/console">
        <SessionProvider>
          <SignedInRoutes />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
