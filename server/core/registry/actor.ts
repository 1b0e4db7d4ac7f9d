/** Who is acting on the registry, as audit rows and events name them. */
export interface Actor {
  /** A username, or "anonymous". */
  name: string;
  clientIp: string | null;
}
