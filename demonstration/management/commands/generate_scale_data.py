"""Invented partnerships at county scale, for load tests and `make bench`
(demonstration/scale_data.py).

python manage.py generate_scale_data --partnerships 14 --years 3 [--seed N]
"""

import time

from django.core.management.base import BaseCommand, CommandError

from demonstration.scale_data import ScaleDataError, generate_scale_data


class Command(BaseCommand):
    help = "Add invented partnerships with several years of plans, for load tests (not real data)."

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=14, help="how many (1 to 20)")
        parser.add_argument("--years", type=int, default=3, help="plans per partnership (1 to 10)")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--first-year", type=int, default=2023, help="the first plan starts on 1 April of it"
        )

    def handle(self, *args, partnerships, years, seed, first_year, **options):
        started = time.perf_counter()
        try:
            counts = generate_scale_data(
                partnerships=partnerships, years=years, seed=seed, first_year=first_year
            )
        except ScaleDataError as error:
            raise CommandError(str(error)) from None
        for name, number in counts.rows.items():
            self.stdout.write(f"{number:>8} {name}")
        self.stdout.write(
            self.style.SUCCESS(f"Invented data generated in {time.perf_counter() - started:.1f} s.")
        )
