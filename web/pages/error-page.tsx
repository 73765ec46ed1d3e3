import { Layout } from "../layout";

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  requestId: string;
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
        <p class="request-id">Request id: {requestId}</p>
      </section>
    </Layout>
  );
}
