"""Links keep only the SHA-256 of their token (existing tokens are hashed in place, so the links
already sent keep working), and an answer may be saved as a draft (blank choices)."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    Link = apps.get_model("labour", "Link")
    for link in Link.objects.only("pk", "token_hash").iterator():
        link.token_hash = hashlib.sha256(link.token_hash.encode()).hexdigest()
        link.save(update_fields=["token_hash"])


class Migration(migrations.Migration):

    dependencies = [("labour", "0001_labour_initial")]

    operations = [
        migrations.RenameField(model_name="link", old_name="token", new_name="token_hash"),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="employerresponse", name="willing_to_train",
            field=models.CharField(blank=True, choices=[("yes", "Có"), ("maybe", "Có thể"), ("no", "Không")],
                                   max_length=6)),
        migrations.AlterField(
            model_name="tracerresponse", name="status",
            field=models.CharField(blank=True, choices=[("employed", "Có việc làm"),
                                                        ("unemployed", "Chưa có việc làm"),
                                                        ("studying", "Đang học tiếp")], max_length=12)),
    ]
