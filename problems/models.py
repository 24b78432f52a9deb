from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models


class Problem(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    statement = models.TextField(help_text="Markdown")
    time_limit_ms = models.PositiveIntegerField(default=2000, validators=[MinValueValidator(50)])
    memory_limit_kb = models.PositiveIntegerField(default=256 * 1024, validators=[MinValueValidator(4096)])
    output_limit_kb = models.PositiveIntegerField(default=64 * 1024, validators=[MinValueValidator(1)])
    is_visible = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class TestCase(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="test_cases")
    order = models.PositiveIntegerField()
    # SHA-256 of the files in problems.storage.
    input_sha256 = models.CharField(max_length=64)
    answer_sha256 = models.CharField(max_length=64)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["problem", "order"]
        constraints = [models.UniqueConstraint(fields=["problem", "order"], name="unique_test_order")]

    def __str__(self) -> str:
        return f"{self.problem.slug} #{self.order}"
