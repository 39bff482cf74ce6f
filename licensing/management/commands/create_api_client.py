"""python manage.py create_api_client NAME --scopes licences:read,licences:use,evaluate

Prints the new token once, as the LAST line of output (scripts can take `| tail -1`). Also:
  --rotate   give an existing client a new token (the old one stops working), printed as the last line
  --revoke   revoke an existing client (its token is refused from now on)
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from licensing.models import ApiClient, Organisation
from licensing.models.apiclients import SCOPES
from licensing.services import api_clients


class Command(BaseCommand):
    help = "Create an API client (or --rotate its token, or --revoke it). The token is printed once, last."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scopes", default="", help=f"comma-separated, of: {', '.join(SCOPES)}")
        parser.add_argument("--rate", default="", help="rate limit, e.g. 600/minute (default: API_CLIENT_RATE)")
        parser.add_argument("--webhook-url", default="", help="where licence notifications are POSTed")
        parser.add_argument("--organisation", default="", help="EORI of the exporter whose own system this is")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rotate", action="store_true", help="give the existing client a new token")
        action.add_argument("--revoke", action="store_true", help="revoke the existing client")

    def handle(self, *args, name, scopes, rate, webhook_url, organisation, rotate, revoke, **opts):
        if rotate or revoke:
            client = ApiClient.objects.filter(name=name).first()
            if client is None:
                raise CommandError(f"No API client named {name!r}.")
            if revoke:
                api_clients.revoke(client)
                self.stdout.write(f"API client {name!r} revoked.")
                return
            token = api_clients.rotate_token(client)
            self.stdout.write(f"New token for {name!r} (the old one no longer works). Shown once; store it now:")
            self.stdout.write(token)
            return
        org = None
        if organisation:
            org = Organisation.objects.filter(eori_number=organisation).first()
            if org is None:
                raise CommandError(f"No organisation with EORI {organisation!r}.")
        try:
            client, token = api_clients.create_client(
                name, scopes, rate=rate, organisation=org, webhook_url=webhook_url
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())) from exc
        self.stdout.write(f"API client {client.name!r} created with scopes {', '.join(client.scopes) or '(none)'}.")
        if client.webhook_secret:
            self.stdout.write(f"Webhook signing secret: {client.webhook_secret}")
        self.stdout.write("Token (shown once; store it now):")
        self.stdout.write(token)
