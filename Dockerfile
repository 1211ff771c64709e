# PyTorch Concept Explorer, self-hosted: one Streamlit process, CPU-only torch, a non-root user.
#
#   docker build -t concept-explorer .
#   docker run --rm -p 8501:8501 concept-explorer          # then open http://localhost:8501
#
# Several replicas behind a load balancer: see docs/deploy.md (sticky sessions and one shared
# STREAMLIT_SERVER_COOKIE_SECRET for all of them).
FROM python:3.11-slim

# One torch thread per computation (app.py sets it too): every student is a thread of one process.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMP_NUM_THREADS=1 \
    MKL_NUM_THREADS=1

WORKDIR /app

# CPU-only torch first, from PyTorch's own index: PyPI's Linux wheel pulls in several GB of
# CUDA libraries that a CPU server never uses. requirements.txt pins torch==2.13.0, which the
# installed 2.13.0+cpu satisfies, so the second step leaves torch alone.
COPY requirements.txt .
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
 && pip install -r requirements.txt

# The app's files belong to root and are read-only for the user that runs it.
COPY app.py ./
COPY .streamlit/ .streamlit/
COPY charts/ charts/
COPY lib/ lib/
COPY app_pages/ app_pages/
COPY ui/ ui/

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin explorer
USER explorer

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]

CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
