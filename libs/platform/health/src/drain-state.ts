/**
 * Whether this process is draining (shutting down, or asked to move its traffic elsewhere). Once
 * begun, /readyz answers 503 so load balancers and Kubernetes stop sending new traffic.
 */
export class DrainState {
  private begun = false;

  get draining(): boolean {
    return this.begun;
  }

  begin(): void {
    this.begun = true;
  }

  /** Back in service (an operator's undrain): /readyz answers for the dependencies alone again. */
  end(): void {
    this.begun = false;
  }
}
