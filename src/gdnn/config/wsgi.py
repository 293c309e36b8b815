import os

from django.core.wsgi import get_wsgi_application

from gdnn.ops.files import secure_umask

secure_umask()  # files the web processes create (data, reports) are private to the service account
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdnn.config.settings")
application = get_wsgi_application()
