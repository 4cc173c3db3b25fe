// d.nn.functional: the layers' operations as functions.
export { linear } from './linear';
export { dropout } from '../layers/dropout';
