"""One mechanism for inviting a person by e-mail to join an organisation: an employer's team
(employers) or a host organisation (regional). `models.AbstractInvitation` holds the fields,
`services` the signed, expiring link and its accept and revoke, `views.accept_page` the page the
link opens, and templates/invitations/invitation_accept.html the page both apps extend."""
