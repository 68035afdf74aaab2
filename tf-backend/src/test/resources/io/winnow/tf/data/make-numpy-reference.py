# Writes numpy-reference.npz, the fixture NumPy itself made for NpyTest and ArrayDataTest:
#   cd tf-backend/src/test/resources/io/winnow/tf/data && python3 make-numpy-reference.py
# (NumPy 1.24.2 made the committed file.)
import numpy as np

x = (np.arange(24, dtype=np.uint8) * 10).reshape(4, 3, 2)                  # uint8, (N, H, W)
y = np.array([0, 1, 2, 1])                                                 # int64
x_test = (np.arange(36, dtype=np.float32) / 35).reshape(2, 3, 2, 3)        # float32, NHWC, RGB
y_test = np.array([2, 0], dtype=np.uint8)
np.savez_compressed("numpy-reference.npz", x=x, y=y, x_test=x_test, y_test=y_test)
