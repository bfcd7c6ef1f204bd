export * from './signing';
export * from './backoff';
export * from './address-rules';
