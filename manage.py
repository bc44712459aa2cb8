#!/usr/bin/env python
import os
import sys

# Commands that read code and files only: they sign nothing and serve no one, so they
# run without the production secret (a build step, a CI check). Everything else still
# refuses to start without SECRET_KEY (or DEBUG=true): see config/settings.py.
OFFLINE_COMMANDS = {"makemigrations", "collectstatic", "compilemessages", "makemessages",
                    "spectacular", "showmigrations", "sqlmigrate"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in OFFLINE_COMMANDS and not os.environ.get("SECRET_KEY"):
        import secrets

        os.environ["SECRET_KEY"] = "offline-" + secrets.token_urlsafe(48)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
