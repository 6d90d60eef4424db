"""The tamper guard's code that runs inside the participant's kernel (see :mod:`grading.engine.guard`).

Standard library only at import time, only definitions at the top level: it is imported by the
kernel zygote, or executed from its source in a kernel started from scratch.
"""

import builtins
import importlib
import sys
import types


def install(helpers: dict, ip):
    """Snapshot what the tests rely on in the kernel whose shell is ``ip``; returns an object
    whose ``check()`` restores every difference and names it (see :mod:`grading.engine.guard`)."""
    kernel = getattr(ip, "kernel", None)
    snap_builtins = dict(vars(builtins))
    modules = {"builtins": builtins, "sys": sys}
    functions = {}
    for name, attrs in helpers.items():
        try:
            module = importlib.import_module(name)
        except Exception:
            continue
        modules[name] = module
        for attr in attrs:
            if hasattr(module, attr):
                functions[(name, attr)] = getattr(module, attr)
    classes = {}
    for obj in (ip, kernel):
        if obj is not None:
            for cls in type(obj).__mro__:
                classes[cls] = dict(vars(cls))
    instance_keys = {id(ip): set(vars(ip)), id(kernel): set(vars(kernel)) if kernel else set()}
    shell = {
        "custom_exceptions": ip.custom_exceptions, "CustomTB": ip.CustomTB,
        "displayhook": ip.displayhook, "InteractiveTB": ip.InteractiveTB,
        "SyntaxTB": ip.SyntaxTB,
    }
    lists = {name: list(getattr(ip, name)) for name in
             ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")
             if hasattr(ip, name)}
    events = {name: list(cbs) for name, cbs in ip.events.callbacks.items()
              if name.startswith("pre_")}  # what runs before a test cell
    # set by IPython and ipykernel around each request: not the participant's doing
    volatile = {"input", "raw_input", "getpass", "get_ipython", "exit", "quit", "display",
                "__IPYTHON__"}
    snap_ns = {key: ip.user_ns[key] for key in snap_builtins if key in ip.user_ns}
    aliases = {"math": "math", "np": "numpy", "numpy": "numpy", "pd": "pandas",
               "pandas": "pandas"}

    def check():
        found = []
        current = vars(builtins)
        for key, value in snap_builtins.items():
            if key in volatile:
                continue
            if current.get(key) is not value:
                found.append("builtins." + key)
                current[key] = value
        for name, module in modules.items():
            if sys.modules.get(name) is not module:
                found.append("sys.modules[" + name + "]")
                sys.modules[name] = module
        for (name, attr), value in functions.items():
            if getattr(modules[name], attr, None) is not value:
                found.append(name + "." + attr)
                setattr(modules[name], attr, value)
        for cls, saved in classes.items():
            now = vars(cls)
            for key, value in saved.items():
                if now.get(key) is not value:
                    found.append(cls.__name__ + "." + key)
                    try:
                        setattr(cls, key, value)
                    except (TypeError, AttributeError):
                        pass
        for obj in (ip, kernel):
            if obj is None:
                continue
            for key in list(vars(obj)):
                if key in instance_keys[id(obj)]:
                    continue
                if any(key in vars(cls) and callable(vars(cls)[key])
                       for cls in type(obj).__mro__):
                    found.append(type(obj).__name__ + "." + key)
                    delattr(obj, key)
        for key, value in shell.items():
            if getattr(ip, key) is not value:
                found.append("shell." + key)
                setattr(ip, key, value)
        for key, value in lists.items():
            if list(getattr(ip, key)) != value:
                found.append("shell." + key)
                getattr(ip, key)[:] = value
        for key, value in events.items():
            if list(ip.events.callbacks.get(key, [])) != value:
                found.append("events." + key)
                ip.events.callbacks[key][:] = value
        if sys.gettrace() is not None or sys.getprofile() is not None:
            found.append("sys.settrace")
            sys.settrace(None)
            sys.setprofile(None)
        ns = ip.user_ns
        if ns.get("__builtins__") is not builtins:
            found.append("__builtins__")
            ns["__builtins__"] = builtins
        for key in snap_builtins:
            if key.startswith("_") or key not in ns or key in volatile:
                continue
            if key in snap_ns:
                if ns[key] is not snap_ns[key]:
                    found.append(key)
                    ns[key] = snap_ns[key]
            elif callable(ns[key]):
                found.append(key)
                del ns[key]
        for alias, name in aliases.items():
            if alias in ns and name in modules and ns[alias] is not modules[name]:
                if isinstance(ns[alias], types.ModuleType) and ns[alias].__name__ != name:
                    continue  # e.g. an honest ``import numpy.random as np``: not a fake
                found.append(alias)
                ns[alias] = modules[name]
        return sorted(set(found))

    return types.SimpleNamespace(check=check)
