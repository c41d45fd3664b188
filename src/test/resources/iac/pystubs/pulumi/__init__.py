"""A stand-in for the Pulumi SDK: just enough to run an exported program and record what it declares."""
DECLARED = []
EXPORTS = {}


class Output:
    @staticmethod
    def concat(*parts):
        for p in parts:
            if not isinstance(p, (str, Attribute)):
                raise TypeError("Output.concat takes strings and outputs, not %r" % (p,))
        return Attribute("concat", "".join(str(p) for p in parts))


class Attribute(str):
    """An output of a resource: a string naming it."""
    def __new__(cls, owner, attribute):
        return str.__new__(cls, "%s.%s" % (owner, attribute))


class Config:
    def require_secret(self, key):
        if not isinstance(key, str) or not key:
            raise ValueError("config key must be a non-empty string")
        return Attribute("secret", key)


def export(name, value):
    if name in EXPORTS:
        raise ValueError("exported twice: " + name)
    EXPORTS[name] = value


class Resource:
    """Any resource class: the logical name first, keyword arguments only."""
    def __init__(self, resource_name, opts=None, **kwargs):
        if not isinstance(resource_name, str) or not resource_name:
            raise TypeError("the resource name must be a non-empty string")
        key = (type(self).__name__, resource_name)
        if key in [(k, n) for k, n, _ in DECLARED]:
            raise ValueError("declared twice: %s %s" % key)
        DECLARED.append((type(self).__name__, resource_name, kwargs))
        self._name = resource_name

    def __getattr__(self, attribute):
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return Attribute(self._name, attribute)


def module(name):
    """A provider module whose every capitalised attribute is a resource class."""
    import types
    m = types.ModuleType(name)

    def getattr_(attr):
        if attr[:1].isupper():
            return type(attr, (Resource,), {})
        raise AttributeError(attr)
    m.__getattr__ = getattr_
    return m
