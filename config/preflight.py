"""What `make run` checks before it installs anything: run with the system Python, the
standard library only, and plain syntax, so that an old Python gets a sentence, not a
traceback.

    python3 config/preflight.py HOST PORT     # before `make run`
    python3 config/preflight.py --python      # before a virtual environment is made

Exits 0 when the portal can start, 1 with one message per problem otherwise.
"""

import errno
import os
import socket
import sys
import tempfile

MINIMUM = (3, 11)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def python_problem():
    if sys.version_info[:2] >= MINIMUM:
        return None
    return ("Python %d.%d found at %s; the portal needs Python %d.%d or newer. Install it "
            "(Debian/Ubuntu: apt-get install python3.11 python3.11-venv) and run "
            "`make run PYTHON=python3.11`."
            % (sys.version_info[0], sys.version_info[1], sys.executable,
               MINIMUM[0], MINIMUM[1]))


def port_problem(host, port):
    """The same bind the development server will do (address reuse on, as it has)."""
    try:
        number = int(port)
    except ValueError:
        return "PORT=%r is not a port number: use e.g. `make run PORT=8001`." % port
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), number))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return ("Port %d on %s is already in use (another `make run`?). Stop that "
                    "program, or choose another port: `make run PORT=%d`."
                    % (number, host, number + 1))
        return ("Cannot listen on %s:%d (%s). Choose another address with "
                "`make run HOST=127.0.0.1 PORT=8001`." % (host, number, exc.strerror))
    finally:
        sock.close()
    return None


def var_problem():
    var_dir = os.environ.get("PORTAL_VAR_DIR") or os.path.join(ROOT, "var")
    try:
        os.makedirs(var_dir, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=var_dir)
        os.close(fd)
        os.remove(probe)
    except OSError as exc:
        return ("The portal cannot write to %s (%s): make it writable, or set "
                "PORTAL_VAR_DIR to a folder it can write to." % (var_dir, exc.strerror))
    return None


def main(argv):
    if argv[1:2] == ["--python"]:
        problems = [p for p in (python_problem(),) if p]
        for problem in problems:
            sys.stderr.write("make: %s\n" % problem)
        return 1 if problems else 0
    host = argv[1] if len(argv) > 1 else "127.0.0.1"
    port = argv[2] if len(argv) > 2 else "8000"
    problems = [p for p in (python_problem(), port_problem(host, port), var_problem()) if p]
    for problem in problems:
        sys.stderr.write("make run: %s\n" % problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
