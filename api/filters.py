"""django-filter sets of the list operations."""

from __future__ import annotations

import django_filters

from applications.models import Application, ApplicationStatus


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    call = django_filters.NumberFilter(field_name="call_id", min_value=1, max_value=2**31 - 1)

    class Meta:
        model = Application
        fields = ["status", "call"]


class ScreeningFilter(django_filters.FilterSet):
    """The screening page's filters (screening/selectors.py ``screening_list``)."""

    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    region = django_filters.CharFilter(field_name="region_id", max_length=3)
    direction = django_filters.CharFilter(field_name="priority_direction_id", max_length=64)
    eligible = django_filters.BooleanFilter(method="filter_eligible")

    class Meta:
        model = Application
        fields = ["status", "region", "direction", "eligible"]

    def filter_eligible(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(indicator_results__is_current=True, indicator_results__eligible=value)
