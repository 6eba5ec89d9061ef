"""Title rules the data audit found wrong: specializations of other trades, a bank's rank
before a function, a feature lead, data visualization engineers (real titles as filed)."""

from __future__ import annotations

import pytest

from paygrade.normalize.titles import classify_title


@pytest.mark.parametrize(
    ("title", "occupation", "specialization"),
    [  # Words other trades share name no ML field outside a tech role's title.
        ("Speech Language Pathologist", "29-1127", None),  # h1b_2024 rows 1243, 2484
        ("SPEECH LANGUAGE PATHOLOGIST", None, None),
        ("Speech Therapist", "29-1127", None),
        ("Network Voice Engineer", "15-1241", None),
        ("Audio Designer", "27-1024", None),
        ("Director of Low Vision Services", "29-1122", None),
        ("Medical Imaging Scientist", "19-1042", None),
        ("Diagnostic Imaging/Radiology Resident", "29-1224", None),
        ("Director of Pediatric Robotic & Minimally Invasive Surgery", "29-1248", None),
        ("North America Energy Autonomy Project Lead", "11-9199", None),
        ("Bear Robotics", None, None),
        # Robotic process automation is software, not robots.
        ("Lead Robotic Process Automation Engineer", "15-1252", None),
        ("Software Architect - Robotic Process Automation", "15-1252", None),
        # Tech roles keep them, and so do robotics engineers of any role.
        ("Data Scientist, Speech and Language", "15-2051", "speech"),
        ("Applied Scientist, Audio Algorithms", "15-1221", "speech"),
        ("Speech Recognition Scientist", None, "speech"),
        ("Perception Software Engineer", "15-1252", "computer_vision"),
        ("Computer Vision Engineer", None, "computer_vision"),
        ("Robotics Engineer", None, "robotics"),
        ("Robotics Engineer", "17-2199", "robotics"),
        ("SENIOR ROBOTICS ENGINEER", "17-2141", "robotics"),
        ("Robotics Controls Researcher", "17-2199", "robotics"),
        ("Sr. Engineer I, Integrated Robotics", "17-2141", "robotics"),
        ("Senior Engineer (Autonomy - Perception & Prediction)", "17-2199", "robotics"),
        ("Robotics Software Engineer", None, "robotics"),
        ("Sr. Software Engineer, Embedded, Autonomy", "15-1252", "robotics"),
    ],
)
def test_a_specialization_of_words_other_trades_share_needs_a_tech_job(
    title: str, occupation: str | None, specialization: str | None
) -> None:
    assert classify_title(title, occupation=occupation).specialization == specialization
