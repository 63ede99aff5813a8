// The measured load by hour of day (UTC, capacity tokens per minute) against the provisioned
// capacity: bars above the line spill over to pay-per-token. Plain SVG, rendered on the server.
export function ProfileChart({ profile, capacity, unit }: { profile: string[]; capacity: string; unit: string }) {
  const values = profile.map(Number);
  const cap = Number(capacity);
  const max = Math.max(cap, ...values, 1);
  const w = 480, h = 120, bar = w / 24;
  const y = (v: number) => h - (v / max) * h;
  return (
    <figure className="mt-2" data-testid="hourly-profile">
      <svg width={w} height={h + 16} role="img" aria-label={`Load by hour of day against ${cap.toLocaleString("en-US")} ${unit} of provisioned capacity`}>
        {values.map((v, i) => <rect key={i} x={i * bar + 1} y={y(v)} width={bar - 2} height={h - y(v)} className={v > cap ? "fill-amber-500" : "fill-blue-500"}><title>{`${String(i).padStart(2, "0")}:00 UTC: ${v.toLocaleString("en-US")} ${unit}`}</title></rect>)}
        <line x1={0} x2={w} y1={y(cap)} y2={y(cap)} className="stroke-red-600" strokeDasharray="4 3" />
        {[0, 6, 12, 18].map((hr) => <text key={hr} x={hr * bar} y={h + 12} className="fill-gray-500 text-[10px]">{`${hr}:00`}</text>)}
      </svg>
      <figcaption className="text-xs text-gray-500">Average load by hour of day (UTC), {unit}; dashed line: capacity of the best size ({cap.toLocaleString("en-US")}).</figcaption>
    </figure>
  );
}
