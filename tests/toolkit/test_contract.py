"""The toolkit contract of design section 3: names, arguments and defaults that others call."""

import importlib
import inspect

import pytest

import toolkit
from toolkit.errors import InputError, ToolkitError

CONTRACT = {
    "costing.unit_cost": "(*, materials, labour, overhead, units, reject_rate=0.0)",
    "costing.break_even_units": "(*, fixed_costs, price, variable_cost)",
    "pricing.price_from_markup": "(cost, markup)",
    "pricing.price_from_margin": "(cost, margin)",
    "pricing.cif_from_cfr": "(cfr, insurance_rate, cover=1.1)",
    "pricing.export_price": "(exw, incoterm, costs=None, insurance_rate=0.0, cover=1.1)",
    "incoterms.seller_pays": "(rule, item)",
    "logistics.cbm": "(length_cm, width_cm, height_cm, quantity=1)",
    "logistics.chargeable_weight": "(gross_kg, length_cm, width_cm, height_cm, pieces=1, divisor=6000)",
    "logistics.revenue_tons": "(cbm, weight_kg, minimum=1.0)",
    "logistics.cartons_per_container":
        "(length_cm, width_cm, height_cm, weight_kg, container='20GP', upright=False)",
    "planning.backward_schedule": "(deadline, tasks, workdays='Mon-Fri', holidays='ID', closures=())",
    "planning.on_time_probability": "(tasks, available_days, n=100000, seed=None)",
    "planning.otif": "(orders)",
}

MODULES = ["costing", "incoterms", "pricing", "payment", "logistics", "planning", "charts"]


def _function(dotted: str):
    module, name = dotted.split(".")
    return getattr(importlib.import_module(f"toolkit.{module}"), name)


def _parameters(function) -> str:
    """The signature's names and defaults, without annotations."""
    parameters = []
    for p in inspect.signature(function).parameters.values():
        plain = p.replace(annotation=inspect.Parameter.empty)
        parameters.append(plain)
    return str(inspect.Signature(parameters))


@pytest.mark.parametrize("dotted", sorted(CONTRACT))
def test_contract_signature(dotted):
    """Does each contract function take exactly the arguments design section 3 names (extras only after)?"""
    signature = _parameters(_function(dotted))
    expected = CONTRACT[dotted]
    assert signature == expected or signature.startswith(expected[:-1] + ", *,"), signature


def test_rules_and_errors():
    """Are RULES the 11 rules, and InputError a ValueError and a ToolkitError?"""
    from toolkit.incoterms import RULES

    assert len(RULES) == 11
    assert issubclass(InputError, ValueError) and issubclass(InputError, ToolkitError)
    assert toolkit.InputError is InputError and toolkit.get_language() == "id"


def _public_functions():
    for name in MODULES:
        module = importlib.import_module(f"toolkit.{name}")
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for attribute in names:
            obj = getattr(module, attribute)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                yield f"{name}.{attribute}", obj


@pytest.mark.parametrize("dotted, function", list(_public_functions()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_public_function_has_a_running_example(dotted, function):
    """Does every public toolkit function carry an example that the doctest run executes?"""
    assert function.__doc__ and ">>>" in function.__doc__, f"{dotted} has no doctested example"
