/** The person's picture, or their initials when the provider gave none. */
export function Avatar({
  name,
  image,
  size,
}: {
  name?: string | null
  image?: string | null
  size: number
}) {
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element -- provider URLs and data: URIs, any host
    return (
      <img
        className="avatar"
        src={image}
        alt=""
        width={size}
        height={size}
        referrerPolicy="no-referrer"
      />
    )
  }
  const initials = (name ?? "?")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("")
  return (
    <span
      className="avatar initials"
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: size / 2.6 }}
    >
      {initials || "?"}
    </span>
  )
}
