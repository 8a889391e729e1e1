/**
 * The numbers an update rule reads besides the gradient: one type for the rules of
 * `engine/update-rules.ts` and their WebAssembly twins in `kernels/wasm-update.ts` (which sits below
 * engine/ and so could not import it from there).
 *
 * @module
 */

/**
 * An update rule's hyperparameters (those a rule does not use are ignored).
 *
 * @category Training
 */
export interface Hyperparameters {
  /** η. */
  readonly learningRate: number;
  /** λ of decoupled weight decay. */
  readonly weightDecay: number;
  /** μ of momentum and Nesterov. */
  readonly momentum: number;
  /** ρ of RMSprop. */
  readonly rho: number;
  /** β₁ of Adam. */
  readonly beta1: number;
  /** β₂ of Adam. */
  readonly beta2: number;
  /** ε of RMSprop and Adam. */
  readonly epsilon: number;
}
