"""Per-request context handed to the ECS handlers: the caller, the response format, the shared
state and the S3 backing, plus namespace checks. One instance per request thread."""

from ecs import ecs_codec
from ecs.ecs_codec import EcsError


class Options:
    """Behaviour switches from the command line."""

    def __init__(self, hide_secret_keys=False):
        self.hide_secret_keys = hide_secret_keys


class Ctx:
    def __init__(self, request, fmt, user, state, backing, clock, options):
        self.request = request
        self.fmt = fmt
        self.user = user
        self.state = state
        self.backing = backing
        self.clock = clock
        self.options = options

    def use_namespace(self, name):
        """The Namespace `name` after checking it exists (1004) and that the caller may act in
        it (3000). Records it in the request log."""
        self.request.annotations["namespace"] = name
        namespace = self.state.namespaces.get(name)
        if namespace is None:
            raise ecs_codec.not_found_param(name)
        if self.user.namespace is not None and self.user.namespace != name:
            raise EcsError(3000, "User %s is not allowed to access namespace %s" % (
                self.user.name, name))
        return namespace

    def namespace_from(self, doc, field="namespace", required=True):
        """The namespace named in `doc[field]` (a body or query dict); when absent, the
        namespace admin's own namespace, else 1005 if `required`, else None."""
        name = ecs_codec.as_str(doc, field)
        if not name:
            if self.user.namespace is not None:
                name = self.user.namespace
            elif required:
                raise EcsError(1005, "Required parameter %s is missing or empty" % field)
            else:
                return None
        return self.use_namespace(name)

    def query_doc(self):
        """Query parameters as a dict of first values."""
        return {name: values[0] for name, values in self.request.query.items()}

    def body(self, roots, required=True):
        return ecs_codec.parse_body(self.request, roots, required)

    def render(self, root, doc, status=200):
        return ecs_codec.render(self.fmt, root, doc, status)

    def tag_list(self, tags, outer, inner, fields):
        """Renders a list of dicts: XML <outer><inner>..</inner></outer>, JSON a plain list."""
        items = [{field: tag.get(field, "") for field in fields} for tag in tags]
        if self.fmt == "json":
            return items
        return {inner: items} if items else None


def as_list(value, inner):
    """Normalises a list field from either format: JSON list, XML {inner: x or [x,...]}."""
    if value in (None, ""):
        return []
    if isinstance(value, dict):
        value = value.get(inner, [])
    if not isinstance(value, list):
        value = [value]
    return value


def parse_tags(value, inner, key_field, value_field):
    """[{key_field: .., value_field: ..}] from a body's tag list; raises 1008 when malformed."""
    tags = []
    for item in as_list(value, inner):
        if not isinstance(item, dict) or not ecs_codec.as_str(item, key_field):
            raise EcsError(1008, "Each %s needs a %s" % (inner, key_field))
        tags.append({key_field: ecs_codec.as_str(item, key_field),
                     value_field: ecs_codec.as_str(item, value_field)})
    return tags
