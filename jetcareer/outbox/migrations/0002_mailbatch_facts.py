from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_mail_batch")]

    operations = [
        migrations.AddField(
            model_name="mailbatch",
            name="facts",
            field=models.JSONField(blank=True, default=dict, verbose_name="facts"),
        ),
    ]
