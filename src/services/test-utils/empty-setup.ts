/** Worker setup module that registers nothing: every job fails with NotFoundError. */
export default function setup(): void {}
