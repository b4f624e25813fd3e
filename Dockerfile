# The dist suite on the official Odoo 18 image (Ubuntu 24.04, Odoo as a Debian package).
# docker compose builds both stages: "demo" runs Odoo with the suite (docker/start.sh),
# "tests" adds what .ci/run needs, so it finds its tools and Chromium in place.
FROM odoo:18.0 AS demo
USER root
# The PyPI dependencies, pinned, at build time; --no-deps: they require "odoo", which the
# image has from its Debian package.
COPY docker/requirements.txt /tmp/dist-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages --no-deps -r /tmp/dist-requirements.txt \
    && rm /tmp/dist-requirements.txt
COPY docker/odoo.conf /etc/odoo/odoo.conf
COPY . /mnt/dist
RUN chmod -R a+rX /mnt/dist
USER odoo
# The image's entrypoint runs a command other than "odoo" as it is.
CMD ["/mnt/dist/docker/start.sh"]

FROM demo AS tests
USER root
# Google Chrome for the browser tours: Ubuntu's chromium is a snap, which a container cannot run.
# (amd64 only; elsewhere pass another package with --build-arg CHROME_DEB=<url>.)
ARG CHROME_DEB=https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb
# git lists an addon's files (.ci/check_packaging), gettext checks the translations
# (.ci/check_pot), python3-venv holds the packaging tools (.ci/packaging_venv), valgrind and
# gcc count the instructions of bench_sale_exception.py --instructions.
RUN curl -fsSL -o /tmp/chrome.deb "$CHROME_DEB" \
    && apt-get update \
    && apt-get install -y --no-install-recommends /tmp/chrome.deb gettext git python3-venv valgrind gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/* /tmp/chrome.deb \
    && git config --system --add safe.directory /mnt/dist
COPY docker/requirements-tests.txt /tmp/dist-requirements-tests.txt
RUN pip3 install --no-cache-dir --break-system-packages --no-deps -r /tmp/dist-requirements-tests.txt \
    && rm /tmp/dist-requirements-tests.txt
# The packaging tools' virtual environment, where .ci/packaging_venv looks for it (root's cache).
RUN /mnt/dist/.ci/packaging_venv
# .ci/run's "pip install -r requirements.txt" then finds everything installed, in the system Python.
ENV PIP_BREAK_SYSTEM_PACKAGES=1
WORKDIR /mnt/dist
CMD ["bash", ".ci/run"]
