export { defaultCode, ErrorAnswer, ErrorTranslator, INTERNAL_ERROR } from './error-answer';
export { ErrorBody, errorBody } from './error-body';
export { HttpErrorFilter } from './http-error.filter';
export { JsonBodyLimits } from './json-body';
export { PublicHttpOptions, servePublicHttp } from './public-http';
