import Stages
print(NNPipe.version)
