"""``landscape datasets [--json]``: the built-in data sets for the models."""

from __future__ import annotations

from landscape_cli.common import print_json


def add_parser(sub) -> None:
    p = sub.add_parser(
        "datasets",
        help="list the built-in data sets",
        description="List the built-in data sets (generated and sample CSVs). "
        "Any numeric CSV file can be used too: --data path/to/file.csv",
    )
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(handler=run)


def run(args) -> int:
    from landscape.models.catalog import list_datasets

    infos = list_datasets()
    if args.json:
        print_json([info.to_json() for info in infos])
        return 0
    print(f"{'name':<12} {'task':<15} {'rows':>5}  {'features':<40} description")
    for info in infos:
        features = ", ".join(info.features)
        if len(features) > 40:
            features = features[:37] + "..."
        print(f"{info.name:<12} {info.task:<15} {info.rows:>5}  {features:<40} {info.description}")
    return 0
