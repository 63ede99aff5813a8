// The package ships no types. Only the shape we read is declared: families of samples whose
// values, labels and timestamps are kept as the strings written in the text.
declare module "parse-prometheus-text-format" {
  interface PrometheusTextSample {
    value?: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
  }
  interface PrometheusTextFamily {
    name: string;
    help: string;
    type: string;
    metrics: PrometheusTextSample[];
  }
  export default function parsePrometheusTextFormat(text: string): PrometheusTextFamily[];
}
