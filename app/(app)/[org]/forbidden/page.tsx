export default async function Forbidden({ searchParams }: { searchParams: Promise<{ action?: string }> }) {
  const { action } = await searchParams;
  return <p>Your role does not allow this page{action ? ` (${action})` : ""}. Ask an owner or admin if you need it.</p>;
}
