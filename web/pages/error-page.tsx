import { Layout } from "../layout";

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  /** Shown for the reader to quote; left out of a page that is cached and served to others. */
  requestId?: string;
}

export function ErrorPage({ status, title, message, requestId }: ErrorPageProps) {
  return (
    <Layout title={`${title} · CloudGPUs`} description="" noindex>
      <section class="error-page">
        <p class="error-status">{status}</p>
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Back to GPU prices</a>
        </p>
        {requestId ? <p class="request-id">Request id: {requestId}</p> : ""}
      </section>
    </Layout>
  );
}
