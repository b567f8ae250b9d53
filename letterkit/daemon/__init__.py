"""The background worker: a warm engine kept between one-shot commands (opt-in).

``letterkit daemon start`` starts a process that has imported WeasyPrint,
made its font configuration and typeset a letter in every built-in language
and page layout (warm.py), and then waits on a Unix socket in the user's
runtime folder. While it runs, ``letterkit render``
and ``letterkit check`` hand their work to it instead of starting cold; with
no worker running they work alone, as always.

Why this design, and why it is safe (server.py, request.py, client.py):

- The client sends its arguments, environment, umask, limits and its own
  standard input, output and error and working folder as file descriptors
  (SCM_RIGHTS). A process forked from the warm worker adopts all of them
  and runs the ordinary command line in-process, so output, messages and
  exit codes are the command's own, byte for byte; letters are still made
  in workers under their budgets (run/pool.py forks them, warm, from it).
- Only the owner is served: the socket's folder is the user's runtime
  folder, made 0700 and checked (owned by the user, not a symlink, mode
  0700) by both sides, and every connection's peer is checked with
  SO_PEERCRED, by the worker and by the client.
- A stale worker never answers: every request re-checks the identity of
  every file the worker has loaded (letterkit, the Python packages, the
  shared libraries such as Pango and HarfBuzz) and the font folders; if
  anything changed, the worker refuses and exits, and the client runs alone.
- Nothing runs twice: the worker says "accepted" before anything of the
  command runs, and the client falls back to running alone only before that
  word. Should the worker die after it, the client says so in one line.
- Ctrl-C, SIGTERM and SIGHUP on the client are passed on to the command,
  which stops as it would alone (exit 130, 143). A client that disappears
  stops its command.
- It ends after 10 minutes without a request, or on ``letterkit daemon stop``.
- The next request's processes wait ready (spare.py): the request's, the
  command's and its letter worker, each warmed by a sample. A spare is made
  only while no command runs, and ends with the worker.
"""
