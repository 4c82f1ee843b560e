"""Briefs for the AI team's tests."""

from __future__ import annotations

from typing import Any

from code24.ai.schemas import Brief, BusinessType, PrimaryGoal


def make_brief(
    business_type: BusinessType = "dental-clinic",
    primary_goal: PrimaryGoal = "bookings",
    **overrides: Any,
) -> Brief:
    fields: dict[str, Any] = {
        "name": "Bright Smile Dental",
        "description": (
            "A family dental practice in central Leeds. We look after nervous patients and "
            "children, with evening appointments for people who work."
        ),
        "business_type": business_type,
        "primary_goal": primary_goal,
        "audience": "Families and nervous patients",
        "tone": "calm, friendly",
        "location": "Leeds, West Yorkshire",
        "services": ["Check-ups", "Teeth whitening", "Invisalign", "Children's dentistry"],
        "phone": "0113 496 0000",
        "email": "hello@brightsmile.example",
    }
    fields.update(overrides)
    return Brief.model_validate(fields)


PLUMBER: dict[str, Any] = {
    "business_type": "plumber",
    "primary_goal": "lead_generation",
    "name": "Flow Right Plumbing",
    "description": (
        "Two-person plumbing and heating business in Bristol. We fix leaks, service boilers "
        "and fit bathrooms, and we turn up when we say we will."
    ),
    "audience": "Homeowners and landlords",
    "tone": "straightforward, reliable",
    "location": "Bristol",
    "services": ["Leak repairs", "Boiler servicing", "Bathroom fitting"],
    "phone": "0117 496 0123",
    "email": "",
}
