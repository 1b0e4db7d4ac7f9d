import { useEffect, useState } from 'react';

interface SystemInfo {
  auth_mode: string;
  self_registration: boolean;
}

/** The console's frame until the pages arrive: product name, status of the server. */
export function Shell({ notFound = false }: { notFound?: boolean }) {
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    fetch('/api/v2.0/systeminfo')
      .then((res) => (res.ok ? (res.json() as Promise<SystemInfo>) : Promise.reject(new Error(res.statusText))))
      .then(setInfo, () => setFailed(true));
  }, []);

  return (
    <div className="min-h-screen bg-slate-50 text-slate-900">
      <header className="flex h-12 items-center gap-3 bg-[#0f4c81] px-4 text-white">
        <img src="/favicon.svg" alt="" className="h-6 w-6" />
        <span className="text-lg font-semibold">Berth</span>
      </header>
      <main className="mx-auto max-w-2xl p-8">
        <h1 className="text-2xl font-semibold">{notFound ? 'Page not found' : 'Berth registry'}</h1>
        <p className="mt-2 text-slate-600">
          {notFound
            ? 'There is no page at this address.'
            : 'A private container image registry, compatible with Harbor. Push and pull with docker, podman or skopeo.'}
        </p>
        <p className="mt-6 text-sm text-slate-500" role="status">
          {failed ? 'The server did not answer.' : info ? `Server ready (authentication: ${info.auth_mode}).` : 'Contacting the server...'}
        </p>
      </main>
    </div>
  );
}
