// Two sockets joined both ways and torn down together; tracked until then, so a teardown or an
// outage can cut every open connection at once.

/** Pipes a and b into each other; an error or close on either destroys both. */
function splice(a, b, tracked) {
  tracked.add(a).add(b);
  a.pipe(b);
  b.pipe(a);
  const end = () => {
    tracked.delete(a);
    tracked.delete(b);
    a.destroy();
    b.destroy();
  };
  a.on('error', end).on('close', end);
  b.on('error', end).on('close', end);
}

module.exports = { splice };
