"""Problems found in an imported file, each saying where it is."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    where: str  # e.g. "Row 7, column Owner" or "Sheet 'Delivery plan', cell D7"
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message


class PlanImportError(Exception):
    """The file cannot be imported; nothing was written. ``problems`` says why, and where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    @classmethod
    def single(cls, message: str, where: str = "") -> "PlanImportError":
        return cls([Problem(where, message)])
