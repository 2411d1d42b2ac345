// Who is asking: the signed-in user, as a verified token describes them, or nobody (a public read
// without a token).

export interface Actor {
  /** Cognito `sub`: stable, never reused. */
  id: string;
  /** The `name` the user registered with. */
  name: string;
}

/** The reader of a public route who sent no token: no flags of their own, no cursor but theirs. */
export const NOBODY: Actor = { id: "", name: "" };

export const isNobody = (actor: Actor): boolean => actor.id === "";
