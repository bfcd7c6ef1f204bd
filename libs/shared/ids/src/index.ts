export { ID_MAX_BYTES, idProblem, requireId } from './normalized-id';
