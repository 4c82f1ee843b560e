"""What the sites app tells the apps built on it (domains, optimization), which it may not
import.

The route signals are sent by ``sites.hosting`` inside the work that changed the routes, with the
Cloudflare client in use; a receiver's error (a retryable Cloudflare error, say) fails
that work, so it is retried as a whole.
"""

from django.dispatch import Signal

# The site's Code24 routes were written: the site is online at `site.address_hostname`.
# Receivers write the routes of the site's other hostnames (its custom domains).
routes_written = Signal()  # sender=Site, site=Site, client=Client

# The site's Code24 routes were deleted: the site is offline. Receivers delete theirs.
routes_deleted = Signal()  # sender=Site, site=Site, client=Client

# A build's go-live step ran: the site is live with the build's version. Receivers act on a
# site going live (the optimization app schedules its first cycle). Sent inside the step: a
# receiver's error fails the step, which is tried again.
site_activated = Signal()  # sender=Site, site=Site, build=Build
