"""Sentences of django-allauth's pages whose Japanese reads as a typing slip: half-width 「?」
and brackets, a space either side of a link, and 「ユーザー登録」 where the portal says
「新規登録」 (the navigation bar's word).

Django looks a message up in the project's catalogue first, so these msgids, written exactly
as allauth 65 writes them, take our Japanese; they are listed here because makemessages reads
only our code. The spaces allauth's templates put around a link are taken out by the `p`
element (templates/allauth/elements/p.html, dates.close_up_japanese). tests/accounts/
test_japanese_pages.py opens the pages in Japanese.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES = [
    # account/login.html, account/signup.html, account/signup_closed.html,
    # account/verification_sent.html
    gettext_noop("Signup"),
    gettext_noop("Sign Up"),
    gettext_noop("Sign Up Closed"),
    gettext_noop("We are sorry, but the sign up is currently closed."),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize "
        "the signup process. If you do not see the verification email in your main inbox, "
        "check your spam folder. Please contact us if you do not receive the verification "
        "email within a few minutes."
    ),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    # account/forms.py
    gettext_noop("Forgot your password?"),
    gettext_noop("Password (again)"),
    gettext_noop("New Password (again)"),
    # account/password_reset_done.html: the reset e-mail, not 「確認のためのメール」
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. "
        "Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    # Django's password rules, shown under the password on the sign-up and change pages
    # (django.contrib.auth): 「あなたの他の個人情報と似ているパスワードにはできません」.
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    # account/password_change.html, account/password_reset.html
    gettext_noop("Forgot Password?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email "
        "allowing you to reset it."
    ),
    # account/email.html, account/logout.html
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("Are you sure you want to sign out?"),
    # mfa/recovery_codes/generate.html, mfa/totp/deactivate_form.html, mfa/trust.html
    gettext_noop("Are you sure?"),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop("Trust this Browser?"),
    gettext_noop("Trust for %(period)s"),
]
