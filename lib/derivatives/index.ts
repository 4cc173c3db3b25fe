// The derivatives of every op of lib/ops, registered on import (docs/ARCHITECTURE.md, layers:
// the ops' derivatives call each other, so they are defined once all the ops exist).
import './activation';
import './arithmetic';
import './conversion';
import './indexing';
import './matmul';
import './reduction';
import './shape';
