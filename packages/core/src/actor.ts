// Who is asking: the signed-in user, as the gateway's verified token describes them.

export interface Actor {
  /** Cognito `sub`: stable, never reused. */
  id: string;
  /** The `name` the user registered with. */
  name: string;
}
