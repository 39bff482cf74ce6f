"""Party screening (interface; the humanrights issue implements matching against every register)."""


def screen_application(application_id: int) -> int:
    return 0
